import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// Nothing special for mutual-store: its browser entry and its wasm work with
// Vite's defaults, in `vite dev` (pre-bundled) and in `vite build`.
export default defineConfig({
  plugins: [svelte()],
});
