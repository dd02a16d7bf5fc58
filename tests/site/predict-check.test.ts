import { describe, expect, it } from 'vitest';
import { checkPredict } from '../../site/lib/predict-check.ts';

const choice = (correct: boolean) => `<li class="predict-choice" data-correct="${correct}"><label><input type="radio"> x</label></li>`;

describe('a Predict is checked when the site is built', () => {
  it('two choices, one correct: its html back unchanged', () => {
    const html = choice(false) + choice(true);
    expect(checkPredict({ id: 'lag', question: 'What is the lag?', html, where: 'lessons/04-x' })).toBe(html);
  });

  it.each([
    { id: 'lag', question: 'Q?', html: choice(false) + choice(false), why: /in lessons\/04-x: exactly one <Choice correct> is needed, found 0/ },
    { id: 'lag', question: 'Q?', html: choice(true) + choice(true), why: /exactly one <Choice correct> is needed, found 2/ },
    { id: 'lag', question: 'Q?', html: choice(true), why: /2 to 6 <Choice> answers, found 1/ },
    { id: 'lag', question: 'Q?', html: choice(true) + choice(false).repeat(6), why: /found 7/ },
    { id: 'Lag Question', question: 'Q?', html: choice(true) + choice(false), why: /id must be/ },
    { id: 'lag', question: ' ', html: choice(true) + choice(false), why: /question="…" is missing/ },
  ])('refuses $why', ({ id, question, html, why }) => {
    expect(() => checkPredict({ id, question, html, where: 'lessons/04-x' })).toThrow(why);
  });
});
