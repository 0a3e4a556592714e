/** An id in words with a capital first letter: `air-travel-ban` → "Air travel ban". */
export function humanise(id: string): string {
  const w = id.replace(/[._-]+/g, ' ').trim();
  return w.charAt(0).toUpperCase() + w.slice(1);
}

/**
 * The one display name of a list, used by notices, the CLI, the API and the web UI alike:
 * its `title`, else its id in words.
 */
export function listName(list: { readonly id: string; readonly title?: string | null | undefined }): string {
  const t = list.title?.trim();
  return t ? t : humanise(list.id);
}
