/** True when a string holds a control character (newline, NUL, escape ...), which no name or version may. */
export function hasControlCharacter(value: string): boolean {
  // eslint-disable-next-line no-control-regex
  return /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(value);
}

/** A value quoted for a message: control characters escaped, long values cut. */
export function quote(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 70 ? `${text.slice(0, 67)}..."` : text;
}
