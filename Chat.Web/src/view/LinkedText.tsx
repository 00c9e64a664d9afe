import { find } from 'linkifyjs';

/** Message text as text; web addresses become links, and only http(s) ones (never javascript: and the like). */
export function LinkedText({ text }: { text: string }) {
  const parts: preact.ComponentChild[] = [];
  let at = 0;
  for (const link of find(text, 'url')) {
    if (!isWebAddress(link.href)) continue;
    if (link.start > at) parts.push(text.slice(at, link.start));
    parts.push(
      <a href={link.href} target="_blank" rel="noopener noreferrer nofollow">
        {link.value}
      </a>,
    );
    at = link.end;
  }
  if (at < text.length) parts.push(text.slice(at));
  return <>{parts}</>;
}

function isWebAddress(href: string): boolean {
  try {
    const url = new URL(href);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
