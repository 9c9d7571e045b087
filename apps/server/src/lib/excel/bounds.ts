import { open as openFile } from "node:fs/promises";
import type { Readable } from "node:stream";
import yauzl, { type Entry, type ZipFile } from "yauzl";
import { AppError } from "../errors.js";

/** How much an uploaded workbook may hold once unpacked. */
export interface XlsxLimits {
  maxEntries: number;
  maxUnpackedBytes: number;
}

const notXlsxMessage = "不是有效的 .xlsx 文件（Excel 2007 及以上格式）；旧版 .xls 请另存为 .xlsx";
/** OLE2 compound files: old .xls, and also .xlsx files saved with an opening password. */
const oleSignature = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

/** "400 MB", "512 KB", "100 字节" — limits named the way users read them. */
export function formatByteLimit(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;
  if (bytes >= 1024) return `${Math.round((bytes / 1024) * 10) / 10} KB`;
  return `${bytes} 字节`;
}

/** The refusal for a workbook that unpacks to more than the limit (a zip bomb or simply too big). */
export function unpackedTooLarge(maxUnpackedBytes: number): AppError {
  return new AppError(
    "UPLOAD_TOO_LARGE",
    `文件解压后超过 ${formatByteLimit(maxUnpackedBytes)}，可能是压缩炸弹，已拒绝`,
  );
}

/** An open zip and its entries by name, read from the central directory only. */
export interface XlsxZip {
  zip: ZipFile;
  entries: Map<string, Entry>;
  /** Sum of the sizes the central directory declares (they may lie; readers count again). */
  declaredBytes: number;
  close(): void;
}

/**
 * Opens an .xlsx as a zip and lists its entries without extracting anything; refuses a file that is
 * not a zip (UNSUPPORTED_FILE), has no xl/workbook.xml, or declares more entries or unpacked bytes
 * than the limits allow (UPLOAD_TOO_LARGE).
 */
export async function openXlsxZip(filePath: string, limits: Partial<XlsxLimits> = {}): Promise<XlsxZip> {
  let zip: ZipFile;
  try {
    zip = await openZip(filePath);
  } catch {
    throw await notXlsx(filePath);
  }
  try {
    const entries = new Map<string, Entry>();
    let declaredBytes = 0;
    for await (const entry of entriesOf(zip)) {
      if (limits.maxEntries !== undefined && entries.size + 1 > limits.maxEntries) {
        throw new AppError("UPLOAD_TOO_LARGE", `文件内部条目超过 ${limits.maxEntries} 个，可能是压缩炸弹，已拒绝`);
      }
      declaredBytes += entry.uncompressedSize;
      if (limits.maxUnpackedBytes !== undefined && declaredBytes > limits.maxUnpackedBytes) {
        throw unpackedTooLarge(limits.maxUnpackedBytes);
      }
      entries.set(entry.fileName, entry);
    }
    if (!entries.has("xl/workbook.xml")) throw new AppError("UNSUPPORTED_FILE", notXlsxMessage);
    return { zip, entries, declaredBytes, close: () => zip.close() };
  } catch (error) {
    zip.close();
    if (error instanceof AppError) throw error;
    throw new AppError("UNSUPPORTED_FILE", notXlsxMessage);
  }
}

/**
 * Refuses an upload before anything is unpacked: not a zip or no xl/workbook.xml → UNSUPPORTED_FILE;
 * more entries or more declared unpacked bytes than allowed → UPLOAD_TOO_LARGE. The declared sizes
 * can lie, so readSheet counts the bytes it actually inflates as well.
 */
export async function assertXlsxBounds(filePath: string, limits: XlsxLimits): Promise<void> {
  const opened = await openXlsxZip(filePath, limits);
  opened.close();
}

/** Opens one entry for reading; yauzl checks the inflated size against the declared one as it goes. */
export function openEntryStream(zip: ZipFile, entry: Entry): Promise<Readable> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (error, stream) => (error ? reject(error) : resolve(stream)));
  });
}

function openZip(filePath: string): Promise<ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.open(filePath, { lazyEntries: true, autoClose: false }, (error, zip) =>
      error ? reject(error) : resolve(zip),
    );
  });
}

/** The central directory's entries one by one (lazyEntries), so a huge directory is never held twice. */
async function* entriesOf(zip: ZipFile): AsyncGenerator<Entry> {
  for (;;) {
    const next = await new Promise<Entry | null>((resolve, reject) => {
      const onEntry = (entry: Entry) => settle(() => resolve(entry));
      const onEnd = () => settle(() => resolve(null));
      const onError = (error: Error) => settle(() => reject(error));
      const settle = (done: () => void) => {
        zip.off("entry", onEntry).off("end", onEnd).off("error", onError);
        done();
      };
      zip.on("entry", onEntry).on("end", onEnd).on("error", onError);
      zip.readEntry();
    });
    if (next === null) return;
    yield next;
  }
}

async function notXlsx(filePath: string): Promise<AppError> {
  const head = Buffer.alloc(oleSignature.length);
  try {
    const handle = await openFile(filePath, "r");
    try {
      await handle.read(head, 0, head.length, 0);
    } finally {
      await handle.close();
    }
  } catch {
    // Unreadable: the generic message is the right answer.
  }
  const isOle = head.equals(oleSignature);
  return new AppError(
    "UNSUPPORTED_FILE",
    isOle ? `${notXlsxMessage}；若文件设置了打开密码，请先取消密码` : notXlsxMessage,
  );
}

/** Counts inflated bytes across all parts and refuses past the limit, whatever the zip declared. */
export class InflateBudget {
  private used = 0;
  constructor(private readonly max: number) {}
  add(bytes: number): void {
    this.used += bytes;
    if (this.used > this.max) throw unpackedTooLarge(this.max);
  }
}

/** The last characters of a part, to tell a complete worksheet from one cut short. */
export interface Tail {
  text: string;
}

/**
 * An entry's inflated bytes as text, counted against the budget and decoded with one streaming
 * decoder, so a multi-byte character split across two chunks stays whole.
 */
export async function* decodeCounted(source: Readable, budget: InflateBudget, tail?: Tail): AsyncGenerator<string> {
  const decoder = new TextDecoder("utf-8");
  try {
    for await (const chunk of source) {
      if (!(chunk instanceof Uint8Array)) throw new TypeError("unexpected chunk from zip entry");
      budget.add(chunk.byteLength);
      const text = decoder.decode(chunk, { stream: true });
      if (tail) tail.text = (tail.text + text).slice(-64);
      if (text !== "") yield text;
    }
    const rest = decoder.decode();
    if (tail) tail.text = (tail.text + rest).slice(-64);
    if (rest !== "") yield rest;
  } finally {
    source.destroy();
  }
}
