// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import starlight from '@astrojs/starlight';
import { satteri } from '@astrojs/markdown-satteri';
import { kafkaFence } from './site/markdown/kafka-fence.ts';
import { focusableTables } from './site/markdown/focusable-tables.ts';
import { EDIT_BASE_URL } from './site/lib/edit-url.ts';

// The design card's layout: pages, components and islands live in site/, lessons in lessons/.
// Starlight gives the course its sidebar, search (Pagefind), themes, previous/next, edit links
// and accessible mobile navigation; Streamlab adds the cells and the stage.
export default defineConfig({
  // Canonical links and the sitemap use this; set STREAMLAB_SITE_URL where the course is published.
  site: process.env.STREAMLAB_SITE_URL ?? 'http://127.0.0.1:4321',
  srcDir: './site',
  publicDir: './public',
  outDir: './dist',
  server: { host: '127.0.0.1', port: 4321 },
  markdown: { processor: satteri({ mdastPlugins: [kafkaFence()], hastPlugins: [focusableTables()] }) },
  integrations: [
    starlight({
      title: 'Streamlab',
      description: 'Learn how Apache Kafka really behaves: a deterministic broker runs in your browser; run the cells, watch records move, crash a consumer.',
      favicon: '/favicon.svg',
      editLink: { baseUrl: EDIT_BASE_URL },
      disable404Route: true,
      // Code examples (not cells) wrap their long lines: nothing scrolls sideways on a phone, and
      // Expressive Code does not turn each wide block into an unnamed scrolling region.
      expressiveCode: { defaultProps: { wrap: true } },
      routeMiddleware: './site/route-data.ts',
      customCss: [
        './site/styles/course.css',
        './site/styles/cells.css',
        './site/styles/lesson-components.css',
        './site/stage/view/stage.css',
        './site/styles/stage-panel.css',
      ],
      sidebar: [
        {
          label: 'Course',
          items: [{ label: 'All lessons', link: '/lessons/' }, { autogenerate: { directory: 'lessons' } }, { label: 'Playground', link: '/playground/' }],
        },
        {
          label: 'Reference',
          items: [
            { label: 'Glossary', link: '/glossary/' },
            { label: 'The Kafka shell', link: '/docs/shell/' },
            { label: 'Writing a lesson', link: '/docs/writing-lessons/' },
            { label: 'The playground', link: '/docs/playground/' },
          ],
        },
      ],
      components: {
        TwoColumnContent: './site/components/overrides/TwoColumnContent.astro',
        MarkdownContent: './site/components/overrides/MarkdownContent.astro',
      },
    }),
    mdx(),
  ],
  vite: {
    // The engine runs in a module worker, code-split like the page.
    worker: { format: 'es' },
    build: {
      rolldownOptions: {
        // MDX modules start with Astro's own "use astro:head-inject" marker, which the bundler
        // reports as a directive it may drop; Astro reads it before bundling, so it is noise.
        onwarn(warning, warn) {
          if (warning.code === 'MODULE_LEVEL_DIRECTIVE' && warning.message.includes('astro:head-inject')) return;
          warn(warning);
        },
      },
    },
  },
});
