// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';

// The design card's layout: pages, layouts and islands live in site/, lessons in lessons/.
export default defineConfig({
  srcDir: './site',
  publicDir: './public',
  outDir: './dist',
  integrations: [mdx()],
  server: { host: '127.0.0.1', port: 4321 },
});
