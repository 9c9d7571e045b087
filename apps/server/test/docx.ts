import yauzl from "yauzl";

/** One file of a zip (a .docx) as text; rejects when the zip has no such file. */
function zipEntryText(zipFile: Buffer, name: string): Promise<string> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(zipFile, { lazyEntries: true }, (error, zip) => {
      if (error || !zip) return reject(error);
      zip.on("entry", (entry: yauzl.Entry) => {
        if (entry.fileName !== name) return zip.readEntry();
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(e);
          const chunks: Buffer[] = [];
          stream.on("data", (c: Buffer) => chunks.push(c));
          stream.on("end", () => {
            zip.close();
            resolve(Buffer.concat(chunks).toString("utf8"));
          });
        });
      });
      zip.on("end", () => reject(new Error(`${name} not in the zip`)));
      zip.readEntry();
    });
  });
}

/** The body of a Word document (word/document.xml), as XML text. */
export const documentXml = (docx: Buffer) => zipEntryText(docx, "word/document.xml");
