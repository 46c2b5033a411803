import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

// Svelte 5 understands TypeScript in <script lang="ts"> itself; the preprocessor covers the rest.
export default {
  preprocess: vitePreprocess({ script: false }),
};
