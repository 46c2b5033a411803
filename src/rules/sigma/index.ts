// Sigma rules for Sequent: convert a collection of Sigma YAML (rules, correlations, filters)
// into EQL rules the engine runs. No DOM or Node APIs.
export { convertSigma, looksLikeSigma, type SigmaFile, type SigmaOutcome } from './convert.ts';
export { mapField, KEYWORD_FIELDS } from './fields.ts';
