// The component harness's entry (tests only, never in dist/): #harness/<name>?… chooses the
// test page, as the product's Root once did.
import { mount } from 'svelte';
import Harness from './Harness.svelte';

const target = document.getElementById('app');
if (!target) throw new Error('the harness page lost its #app element');
const PREFIX = '#harness/';
const route = location.hash.startsWith(PREFIX) ? location.hash.slice(PREFIX.length) : '';

export default mount(Harness, { target, props: { route } });
