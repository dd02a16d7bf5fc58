/** Hands the reader a text as a file (an export, or a save the page could not read). */
export function downloadText(fileName: string, text: string, type = 'text/plain'): void {
  const url = URL.createObjectURL(new Blob([text], { type: `${type};charset=utf-8` }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  // The download has started once click() returns; the URL is not needed after this task.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
