import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { z } from 'astro/zod';

// Lessons are plain MDX files in lessons/. The schema is the authoring documentation:
// every field says what it is for, and a bad field fails the build naming file and field.
const lessons = defineCollection({
  loader: glob({ pattern: '**/*.mdx', base: './lessons' }),
  schema: z.object({
    title: z.string().min(1).describe('Lesson title, shown as the page heading and in the lesson list.'),
    summary: z.string().min(1).describe('One sentence saying what the learner will see happen.'),
    order: z.number().int().nonnegative().describe('Position in the lesson list, lowest first.'),
  }),
});

export const collections = { lessons };
