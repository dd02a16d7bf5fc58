/**
 * What a lesson's front matter says, beyond Starlight's own fields (`title`, `description`,
 * `sidebar`, …). The schema is the authoring documentation: every field says what it is for, and
 * a bad field fails the build naming the file and the field.
 *
 * Starlight validates its hand-made pages (the home page, the course index, 404) against this
 * same schema, so those pages say `lesson: false`; a lesson needs its objectives and duration.
 */
import { z } from 'astro/zod';

export const lessonFields = z
  .object({
    lesson: z
      .boolean()
      .default(true)
      .describe('False only for a site page that is not a lesson (the home page, the course index): it then needs no objectives or duration.'),
    playground: z.boolean().default(false).describe('True only for the playground page: its cells are editors, with the stage beside them as in a lesson.'),
    description: z
      .string()
      .min(1)
      .optional()
      .describe('One sentence saying what the learner will see happen; shown in the course index, search results and link previews.'),
    objectives: z
      .array(z.string().min(1))
      .min(1)
      .optional()
      .describe('What the learner can do after the lesson, one short sentence each ("Explain why a crash duplicates records").'),
    duration: z.number().int().positive().max(240).optional().describe('Minutes a first-time reader needs, cells run and played included.'),
    seed: z
      .number()
      .int()
      .nonnegative()
      .max(2 ** 31 - 1)
      .optional()
      .describe("The seed of the lesson's world (every random choice of the engine comes from it); 1 when omitted, as in `streamlab run`."),
  })
  .superRefine((data, ctx) => {
    if (!data.lesson) return;
    const required = [
      ['description', 'a lesson needs a one-sentence description of what the learner will see happen'],
      ['objectives', 'a lesson needs objectives: a list of what the learner can do afterwards'],
      ['duration', 'a lesson needs a duration in minutes'],
    ] as const;
    for (const [field, message] of required) {
      if (data[field] === undefined) ctx.addIssue({ code: 'custom', path: [field], message });
    }
  });

export type LessonFields = z.infer<typeof lessonFields>;

/** The lesson fields of a page, or null when it is not a lesson. */
export function lessonOf(data: Partial<LessonFields>): (LessonFields & { objectives: string[]; duration: number; description: string }) | null {
  if (data.lesson === false || data.objectives === undefined || data.duration === undefined || data.description === undefined) return null;
  return data as LessonFields & { objectives: string[]; duration: number; description: string };
}
