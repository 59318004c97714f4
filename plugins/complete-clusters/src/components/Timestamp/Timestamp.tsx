/** A moment in the reader's locale and time zone, with the exact ISO time kept in the markup. */
export function Timestamp({ iso }: { iso: string }) {
  const date = new Date(iso);
  const text = Number.isNaN(date.getTime())
    ? iso
    : date.toLocaleString(undefined, {
        dateStyle: 'medium',
        timeStyle: 'medium',
      });
  return (
    <time dateTime={iso} title={iso}>
      {text}
    </time>
  );
}
