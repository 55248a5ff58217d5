/**
 * The Word pane in Arabic (file mode, Chromium): a section's guide and questions are shown in
 * Arabic, right to left, while the document stays French.
 */
import { contexteHorsLigne, voletsServis } from "../helpers/navigateur";

jest.setTimeout(90_000);
const volets = voletsServis();

it("en arabe, le guide et les questions d'une section s'affichent en arabe", async () => {
  const { contexte, sorties } = await contexteHorsLigne(volets.navigateur);
  const page = await contexte.newPage();
  const erreurs: string[] = [];
  page.on("pageerror", (e) => erreurs.push(e.message));
  await page.setViewportSize({ width: 350, height: 900 });
  await page.goto(`${volets.url}/word.html`);
  await page.getByText("Mode fichier : Word n'est pas détecté").waitFor({ timeout: 20_000 });
  await page.getByRole("button", { name: "العربية" }).click();
  await page.getByTestId("plan").getByRole("button", { name: /Histoire et identité|التاريخ والهوية/ }).click();
  await page.getByText("احكوا من أين جاءت المؤسسة").waitFor();
  await page.getByText("متى ولماذا أُنشئت المؤسسة؟").waitFor();
  expect(await page.evaluate(() => document.documentElement.dir)).toBe("rtl");
  await page.screenshot({ path: "/tmp/qualite-volet-word-guide-ar.png", fullPage: true });
  // office.js from Microsoft's CDN is the only address outside this machine the pane asks for.
  expect(sorties.filter((u) => u !== "https://appsforoffice.microsoft.com/lib/1/hosted/office.js")).toEqual([]);
  expect(erreurs).toEqual([]);
  await contexte.close();
});
