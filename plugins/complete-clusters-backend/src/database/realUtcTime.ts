/**
 * Whether year, month (1-12), day, hour, minute and second name a real UTC
 * date and time: no February 30, no 24:00, which JavaScript would roll over
 * and a database refuses or misreads.
 */
export function isRealUtcTime(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
): boolean {
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  return (
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day &&
    date.getUTCHours() === hour &&
    date.getUTCMinutes() === minute &&
    date.getUTCSeconds() === second
  );
}
