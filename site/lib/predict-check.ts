/**
 * The build-time check of a `<Predict>`: an id the reader's answer can be kept under, a question,
 * two to six choices (each a rendered `<Choice>`), exactly one of them correct. A broken question
 * fails the build with the lesson and the question named, rather than teaching nothing.
 */
export interface PredictParts {
  readonly id: string;
  readonly question: string;
  /** The rendered choices. */
  readonly html: string;
  /** The lesson, for the message. */
  readonly where: string;
}

/** The choices' html when the question is sound; throws an Error naming what is wrong otherwise. */
export function checkPredict({ id, question, html, where }: PredictParts): string {
  const fail = (why: string): never => {
    throw new Error(`<Predict id="${id}"> in ${where}: ${why}`);
  };
  if (typeof id !== 'string' || !/^[a-z0-9][a-z0-9-]{0,59}$/.test(id)) fail('id must be 1–60 lower-case letters, digits or dashes');
  if (typeof question !== 'string' || question.trim() === '') fail('question="…" is missing');
  const choices = html.match(/class="predict-choice"/g)?.length ?? 0;
  const correct = html.match(/data-correct="true"/g)?.length ?? 0;
  if (choices < 2 || choices > 6) fail(`a question needs 2 to 6 <Choice> answers, found ${choices}`);
  if (correct !== 1) fail(`exactly one <Choice correct> is needed, found ${correct}`);
  return html;
}
