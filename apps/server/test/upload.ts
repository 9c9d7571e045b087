import ExcelJS from "exceljs";

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
