/**
 * The components a lesson imports (`import { Predict, Choice, TryIt, WaitFor, Term } from
 * '../site/components/lesson/index.ts'`): a predict-then-reveal question and its choices, a try-it
 * experiment, a guided step that waits on the world, and a link to the glossary.
 */
export { default as Predict } from './Predict.astro';
export { default as Choice } from './Choice.astro';
export { default as TryIt } from './TryIt.astro';
export { default as WaitFor } from './WaitFor.astro';
export { default as Term } from './Term.astro';
