import ExcelJS from "exceljs";
import type { FastifyInstance } from "fastify";

/** A multipart/form-data body with one file field, for app.inject. */
export function multipartFile(fileName: string, content: Buffer, field = "file") {
  const boundary = `----zonedesk${Math.random().toString(16).slice(2)}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${encodeURIComponent(fileName)}"\r\nContent-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return {
    payload: Buffer.concat([head, content, tail]),
    headers: { "content-type": `multipart/form-data; boundary=${boundary}` },
  };
}

/** An .xlsx with the given rows (first row usually the header), as a buffer. */
export async function xlsxOf(rows: (string | number | Date | null)[][], sheetName = "Sheet1"): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(sheetName);
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The rows of the first sheet of an .xlsx buffer, as plain values. */
export async function rowsOf(content: Buffer): Promise<unknown[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(content as unknown as ArrayBuffer); // ExcelJS accepts a Node Buffer here
  const sheet = workbook.worksheets[0];
  const rows: unknown[][] = [];
  sheet?.eachRow((row) => {
    const values = row.values as unknown[]; // ExcelJS row.values is 1-based with an empty slot 0
    rows.push(values.slice(1));
  });
  return rows;
}

/** A sheet row in the order of `header`: each column's value, null where `values` has none. */
export function rowOf<H extends string>(
  header: readonly H[],
  values: Partial<Record<H, string | number | null>>,
): (string | number | null)[] {
  return header.map((h) => values[h] ?? null);
}

/**
 * The upload (POST `base`, e.g. /api/projects/imports) and confirmation of one kind of import, sending the .xlsx as
 * `fileName`, as whoever's session cookie is given.
 */
export function importEndpoint(app: () => FastifyInstance, base: string, fileName: string) {
  return {
    upload(cookie: string, content: Buffer) {
      const body = multipartFile(fileName, content);
      return app().inject({ method: "POST", url: base, headers: { cookie, ...body.headers }, payload: body.payload });
    },
    confirm(cookie: string, id: string) {
      return app().inject({ method: "POST", url: `${base}/${id}/confirm`, headers: { cookie } });
    },
  };
}
