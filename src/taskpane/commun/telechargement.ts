export const TYPE_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
export const TYPE_DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/** Offers bytes to the user as a file download (no network involved). */
export function telecharger(octets: Uint8Array, nom: string, type = TYPE_XLSX): void {
  const url = URL.createObjectURL(new Blob([octets as BlobPart], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = nom;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

/** A file name from free text: "EPS Tanger — 2026" → "eps-tanger-2026". */
export function slug(texte: string): string {
  return texte
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9\u0600-\u06ff]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .normalize("NFC");
}
