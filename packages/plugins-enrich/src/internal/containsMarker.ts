/**
 * `text.includes(marker)`, found by searching for the marker's `[` or `:` first: a string search scans for the
 * first character, and `s` or a space (the first of `sshd[`, `su[`, ` su:`, `squid[`) occurs dozens of times in a
 * log line, where `[` occurs once or never. Registration predicates ask this of every event's summary.
 */
export function containsMarker(text: string, marker: string): boolean {
  let at = marker.indexOf('[');
  if (at < 0) at = marker.indexOf(':');
  if (at <= 0) return text.includes(marker);
  const rare = marker.charAt(at);
  for (let i = text.indexOf(rare, at); i >= 0; i = text.indexOf(rare, i + 1)) {
    if (text.startsWith(marker, i - at)) return true;
  }
  return false;
}
