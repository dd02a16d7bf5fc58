import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { z } from 'astro/zod';
import { docsSchema, i18nSchema } from '@astrojs/starlight/schema';
import { i18nLoader } from '@astrojs/starlight/loaders';
import { lessonFields } from './lib/lesson-schema.ts';

// Lessons are plain MDX files in lessons/ and form Starlight's `docs` collection, so each gets a
// page at /lessons/NAME/ with the sidebar, search, previous/next and an edit link. Their order is
// their file name's number prefix (01-, 02-, …), which the sidebar and the course index share.
const docs = defineCollection({
  loader: glob({ pattern: 'lessons/*.mdx', base: '.' }),
  schema: docsSchema({ extend: lessonFields }),
});

// Reference pages are the Markdown files of docs/, readable on GitHub as they are.
const reference = defineCollection({
  loader: glob({ pattern: '*.md', base: './docs' }),
  schema: z.object({
    title: z.string().min(1).describe('Page title, shown as its heading and in the sidebar.'),
    description: z.string().min(1).describe('One sentence for search results and link previews.'),
  }),
});

// Starlight's interface strings, where the course words them differently (site/content/i18n/).
const i18n = defineCollection({ loader: i18nLoader(), schema: i18nSchema() });

export const collections = { docs, reference, i18n };
