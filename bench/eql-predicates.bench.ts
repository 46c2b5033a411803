// Lets `npm run bench` (bench/run.ts runs every *.bench.ts) include the predicate benchmark.
import './eql-predicates.ts';
