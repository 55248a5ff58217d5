/**
 * ZIP packages (.xlsx, .xlsm, .xltx) read entry by entry from the central directory, inflated
 * with limits checked WHILE inflating (total size, compression ratio, declared size), and written
 * back with every untouched entry copied as is (same compressed bytes).
 */
import { ErreurUtilisateur } from "../../core/erreur-utilisateur";
import { crc32Natif, decodeurUtf8, deflater, inflerEnFlux } from "./compression-node";
import { concatener } from "./octets";

/** Above this size a workbook is refused: a grid is a few hundred KB, a million-row grid of ours about 60 MB. */
export const TAILLE_MAX_OCTETS = 100 * 1024 * 1024;
/** Uncompressed bytes read from one package, all entries together. */
export const DECOMPRESSE_MAX_OCTETS = 1024 * 1024 * 1024;
/** An entry may not inflate to more than this many times its compressed size (plus 1 MB). */
export const TAUX_MAX = 200;
const MARGE_TAUX = 1024 * 1024;
const ENTREES_MAX = 20000;

export interface EntreeZip {
  nom: string;
  methode: number;
  crc: number;
  tailleCompressee: number;
  taille: number;
  /** Offset of the compressed data in the archive. */
  debut: number;
  date: number;
  heure: number;
}

const Mo = (n: number) => `${Math.round(n / 1024 / 1024)} Mo`;

export class Paquet {
  readonly entrees = new Map<string, EntreeZip>();
  private decompresse = 0;
  /** Bytes already counted per entry: reading an entry again adds nothing to the total. */
  private comptes = new Map<string, number>();

  /** Reads the central directory; every failure is a French message naming the file. */
  constructor(
    readonly octets: Uint8Array,
    readonly source: string,
  ) {
    const d = new DataView(octets.buffer, octets.byteOffset, octets.byteLength);
    const abime = (pourquoi: string) => new ErreurUtilisateur(`${source} est endommagé : l'archive ne peut pas être lue (${pourquoi}).`);
    // End of central directory: 22 bytes, possibly followed by a comment of up to 64 KB.
    let fin = -1;
    for (let i = octets.length - 22; i >= Math.max(0, octets.length - 22 - 65535); i--) {
      if (d.getUint32(i, true) === 0x06054b50) {
        fin = i;
        break;
      }
    }
    if (fin < 0) throw abime("fin d'archive introuvable, fichier tronqué ?");
    const nombre = d.getUint16(fin + 10, true);
    const tailleRepertoire = d.getUint32(fin + 12, true);
    const debutRepertoire = d.getUint32(fin + 16, true);
    if (nombre === 0xffff || debutRepertoire === 0xffffffff) throw abime("archive ZIP64, trop grande pour un classeur d'évaluation");
    if (nombre > ENTREES_MAX) throw new ErreurUtilisateur(`${source} compte ${nombre} parties : au-delà de ${ENTREES_MAX}, ce n'est pas un classeur d'évaluation ordinaire. Rien n'a été lu.`);
    if (debutRepertoire + tailleRepertoire > fin) throw abime("répertoire central hors de l'archive");
    const decodeur = new TextDecoder();
    let p = debutRepertoire;
    let declare = 0;
    const vus = new Set<string>();
    for (let k = 0; k < nombre; k++) {
      if (p + 46 > fin || d.getUint32(p, true) !== 0x02014b50) throw abime("répertoire central illisible");
      const drapeaux = d.getUint16(p + 8, true);
      const methode = d.getUint16(p + 10, true);
      const heure = d.getUint16(p + 12, true);
      const date = d.getUint16(p + 14, true);
      const crc = d.getUint32(p + 16, true);
      const tailleCompressee = d.getUint32(p + 20, true);
      const taille = d.getUint32(p + 24, true);
      const lNom = d.getUint16(p + 28, true);
      const lExtra = d.getUint16(p + 30, true);
      const lCommentaire = d.getUint16(p + 32, true);
      const local = d.getUint32(p + 42, true);
      const nom = decodeur.decode(octets.subarray(p + 46, p + 46 + lNom));
      p += 46 + lNom + lExtra + lCommentaire;
      if (nom.endsWith("/")) continue;
      if (drapeaux & 1) throw new ErreurUtilisateur(`${source} est chiffré (protégé par mot de passe) : ouvrez-le dans Excel et enregistrez-le sans mot de passe.`);
      if (methode !== 0 && methode !== 8) throw abime(`partie « ${nom} » compressée selon une méthode inconnue (${methode})`);
      if (local + 30 > octets.length || d.getUint32(local, true) !== 0x04034b50) throw abime(`partie « ${nom} » introuvable`);
      const debut = local + 30 + d.getUint16(local + 26, true) + d.getUint16(local + 28, true);
      if (debut + tailleCompressee > octets.length) throw abime(`partie « ${nom} » tronquée`);
      // Part names are case-insensitive in OPC; a duplicate is a forged package.
      const cle = nom.replace(/^\//, "");
      if (vus.has(cle.toLowerCase())) throw abime(`partie « ${nom} » en double`);
      vus.add(cle.toLowerCase());
      declare += taille;
      this.entrees.set(cle, { nom: cle, methode, crc, tailleCompressee, taille, debut, date, heure });
    }
    if (declare > DECOMPRESSE_MAX_OCTETS * 4) throw this.bombe();
  }

  private bombe(partie?: string): ErreurUtilisateur {
    return new ErreurUtilisateur(
      `${this.source} se décompresse en une taille anormale${partie ? ` (partie « ${partie} »)` : ""} : au-delà de ${Mo(DECOMPRESSE_MAX_OCTETS)} au total ou de ${TAUX_MAX} fois sa taille compressée, ce n'est pas un classeur d'évaluation ordinaire (fichier piégé ?). Rien n'a été lu ni modifié.`,
    );
  }

  a(nom: string): boolean {
    return this.entrees.has(nom);
  }

  /** The compressed bytes of an entry, as stored. */
  brut(nom: string): Uint8Array {
    const e = this.entrees.get(nom)!;
    return this.octets.subarray(e.debut, e.debut + e.tailleCompressee);
  }

  /** Inflates an entry piece by piece, within the limits. */
  async parcourir(nom: string, surMorceau: (m: Uint8Array) => void): Promise<void> {
    const e = this.entrees.get(nom);
    if (!e) throw new ErreurUtilisateur(`${this.source} est endommagé : la partie « ${nom} » manque.`);
    const deja = this.comptes.get(nom) ?? 0;
    if (e.taille - deja > DECOMPRESSE_MAX_OCTETS - this.decompresse) throw this.bombe(nom);
    let produit = 0;
    const compter = (n: number, consomme: number) => {
      produit += n;
      if (produit > deja) {
        this.decompresse += Math.min(n, produit - deja);
        this.comptes.set(nom, produit);
      }
      if (produit > e.taille) {
        throw new ErreurUtilisateur(`${this.source} est endommagé : la partie « ${nom} » est plus grande que ce que l'archive annonce (fichier piégé ?). Rien n'a été lu ni modifié.`);
      }
      if (this.decompresse > DECOMPRESSE_MAX_OCTETS || produit > TAUX_MAX * consomme + MARGE_TAUX) throw this.bombe(nom);
    };
    const donnees = this.brut(nom);
    if (e.methode === 0) {
      compter(donnees.length, donnees.length);
      surMorceau(donnees);
      return;
    }
    // An error of the reader (a limit, a part handed to another parser) goes through as it is.
    let duLecteur: unknown = undefined;
    try {
      await inflerEnFlux(donnees, (m, consomme) => {
        compter(m.length, consomme);
        try {
          surMorceau(m);
        } catch (e) {
          duLecteur = e;
          throw e;
        }
      });
    } catch (err) {
      if (err instanceof ErreurUtilisateur || (err !== undefined && err === duLecteur)) throw err;
      throw new ErreurUtilisateur(`${this.source} est endommagé : la partie « ${nom} » ne peut pas être décompressée (${(err as Error).message}).`);
    }
  }

  async octetsDe(nom: string): Promise<Uint8Array> {
    const morceaux: Uint8Array[] = [];
    await this.parcourir(nom, (m) => morceaux.push(m.slice()));
    return concatener(morceaux);
  }

  async texte(nom: string): Promise<string> {
    const morceaux: string[] = [];
    await this.texteEnFlux(nom, (t) => morceaux.push(t));
    return morceaux.join("");
  }

  /** An entry decoded as UTF-8, piece by piece. */
  async texteEnFlux(nom: string, surTexte: (t: string) => void): Promise<void> {
    const decodeur = decodeurUtf8();
    await this.parcourir(nom, (m) => {
      const t = decodeur.decoder(m);
      if (t) surTexte(t);
    });
    const reste = decodeur.finir();
    if (reste) surTexte(reste);
  }
}


let TABLE_CRC: Uint32Array | null = null;
export function crc32(donnees: Uint8Array): number {
  if (crc32Natif) return crc32Natif(donnees) >>> 0;
  if (!TABLE_CRC) {
    TABLE_CRC = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      TABLE_CRC[n] = c >>> 0;
    }
  }
  let c = 0xffffffff;
  for (let i = 0; i < donnees.length; i++) c = TABLE_CRC[(c ^ donnees[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** An entry to write: copied from a package unchanged, new content, or content already deflated. */
export type EntreeAEcrire =
  | { nom: string; depuis: Paquet; /** Deflate it if it is stored uncompressed. */ compresser?: boolean }
  | { nom: string; contenu: Uint8Array | string }
  | { nom: string; deflate: Uint8Array; crc: number; taille: number };

function dateDos(d: Date): { date: number; heure: number } {
  return {
    date: ((Math.max(d.getFullYear(), 1980) - 1980) << 9) | ((d.getMonth() + 1) << 5) | d.getDate(),
    heure: (d.getHours() << 11) | (d.getMinutes() << 5) | (d.getSeconds() >> 1),
  };
}

/** The same package with every stored (uncompressed) entry deflated; the others copied as they are. */
export async function compresserPaquet(octets: Uint8Array, source: string): Promise<Uint8Array> {
  const p = new Paquet(octets, source);
  return ecrireZip([...p.entrees.keys()].map((nom) => ({ nom, depuis: p, compresser: true })));
}

/** Writes a ZIP archive; copied entries keep their compressed bytes, CRC and dates. */
export async function ecrireZip(entrees: EntreeAEcrire[]): Promise<Uint8Array> {
  const encodeur = new TextEncoder();
  const maintenant = dateDos(new Date());
  const blocs: Uint8Array[] = [];
  const repertoire: Uint8Array[] = [];
  let position = 0;
  for (const e of entrees) {
    let info: Omit<EntreeZip, "debut" | "nom">;
    let donnees: Uint8Array;
    if ("depuis" in e && !(e.compresser && e.depuis.entrees.get(e.nom)!.methode === 0)) {
      const src = e.depuis.entrees.get(e.nom)!;
      info = src;
      donnees = e.depuis.brut(e.nom);
    } else if ("depuis" in e) {
      const brut = e.depuis.brut(e.nom);
      donnees = await deflater(brut);
      info = { ...e.depuis.entrees.get(e.nom)!, methode: 8, tailleCompressee: donnees.length };
    } else if ("deflate" in e) {
      donnees = e.deflate;
      info = { methode: 8, crc: e.crc, tailleCompressee: donnees.length, taille: e.taille, ...maintenant };
    } else {
      const brut = typeof e.contenu === "string" ? encodeur.encode(e.contenu) : e.contenu;
      donnees = await deflater(brut);
      info = { methode: 8, crc: crc32(brut), tailleCompressee: donnees.length, taille: brut.length, ...maintenant };
    }
    const nom = encodeur.encode(e.nom);
    const local = new Uint8Array(30 + nom.length);
    const l = new DataView(local.buffer);
    l.setUint32(0, 0x04034b50, true);
    l.setUint16(4, 20, true);
    l.setUint16(6, 0x0800, true); // UTF-8 names
    l.setUint16(8, info.methode, true);
    l.setUint16(10, info.heure, true);
    l.setUint16(12, info.date, true);
    l.setUint32(14, info.crc, true);
    l.setUint32(18, info.tailleCompressee, true);
    l.setUint32(22, info.taille, true);
    l.setUint16(26, nom.length, true);
    local.set(nom, 30);
    const central = new Uint8Array(46 + nom.length);
    const c = new DataView(central.buffer);
    c.setUint32(0, 0x02014b50, true);
    c.setUint16(4, 20, true);
    c.setUint16(6, 20, true);
    c.setUint16(8, 0x0800, true);
    c.setUint16(10, info.methode, true);
    c.setUint16(12, info.heure, true);
    c.setUint16(14, info.date, true);
    c.setUint32(16, info.crc, true);
    c.setUint32(20, info.tailleCompressee, true);
    c.setUint32(24, info.taille, true);
    c.setUint16(28, nom.length, true);
    c.setUint32(42, position, true);
    central.set(nom, 46);
    blocs.push(local, donnees);
    repertoire.push(central);
    position += local.length + donnees.length;
  }
  const tailleRepertoire = repertoire.reduce((n, r) => n + r.length, 0);
  const fin = new Uint8Array(22);
  const f = new DataView(fin.buffer);
  f.setUint32(0, 0x06054b50, true);
  f.setUint16(8, entrees.length, true);
  f.setUint16(10, entrees.length, true);
  f.setUint32(12, tailleRepertoire, true);
  f.setUint32(16, position, true);
  return concatener([...blocs, ...repertoire, fin]);
}
