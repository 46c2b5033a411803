import { mount } from 'svelte';
import Root from './ui/Root.svelte';
import { chooseWorkerFactory } from './worker/spawn.ts';

const target = document.getElementById('app');
if (!target) throw new Error('index.html lost its #app element');
// The boot message is for browsers that cannot run the app at all; this one can.
target.replaceChildren();

export default mount(Root, {
  target,
  props: { spawn: chooseWorkerFactory(location.search) },
});
