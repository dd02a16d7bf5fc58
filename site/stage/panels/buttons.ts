/**
 * Buttons that cannot act right now say so with `aria-disabled` rather than `disabled`: a disabled
 * button drops the keyboard focus (Chromium moves it to <body>), so a reader who pressed Run or
 * Crash from the keyboard would lose their place while the engine works. Clicks on them are
 * ignored by the store, which refuses what cannot be done now.
 */
export function setUnavailable(button: HTMLButtonElement | HTMLSelectElement | HTMLInputElement, unavailable: boolean): void {
  if (button.disabled) button.disabled = false;
  const value = String(unavailable);
  if (button.getAttribute('aria-disabled') !== value) button.setAttribute('aria-disabled', value);
}
