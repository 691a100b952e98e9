/** Offers `data` to the user as a file download named `filename`. */
export function downloadBlob(data: Blob, filename: string): void {
  const url = URL.createObjectURL(data);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** `name` made safe for a file name, with a timestamp: `<name>-<ISO time>.<ext>`. */
export function stampedName(name: string, ext: string): string {
  return `${name.replace(/[^\w.-]+/g, '_')}-${new Date().toISOString().replace(/[:.]/g, '-')}.${ext}`;
}
