import JSZip from "jszip";

/** document.xml as text: one paragraph a line, table cells separated by « | ». */
export async function texteDocx(octets: Uint8Array): Promise<string> {
  const xml = await (await JSZip.loadAsync(octets)).file("word/document.xml")!.async("string");
  return xml
    .replace(/<\/w:p><\/w:tc>/g, " | ")
    .replace(/<\/w:tr>/g, "\n")
    .replace(/<\/w:p>/g, "\n")
    .replace(/<[^>]+>/g, "")
    .replace(/&amp;/g, "&")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'");
}
