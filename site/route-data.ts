/**
 * Starlight route middleware: a lesson page has no table of contents — its right-hand column is
 * the stage (site/components/overrides/TwoColumnContent.astro).
 */
import { defineRouteMiddleware } from '@astrojs/starlight/route-data';
import { lessonOf } from './lib/lesson-schema.ts';

export const onRequest = defineRouteMiddleware((context) => {
  const route = context.locals.starlightRoute;
  if (lessonOf(route.entry.data)) route.toc = undefined;
});
