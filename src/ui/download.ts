/** Hands a file to the browser's downloads: a link with `download`, clicked. */
export function downloadUrl(url: string, fileName: string): void {
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  // not added to the page: a detached link's click still downloads in today's browsers
  a.click();
}

/** Text (or text in parts, so a long trace is never one huge string) as a downloaded file. */
export function downloadText(parts: Iterable<string>, fileName: string, type: string): void {
  const url = URL.createObjectURL(new Blob([...parts], { type }));
  downloadUrl(url, fileName);
  // the download has taken its copy once the click's task is over
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
