import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../test/db.js";
import type { Database } from "../db/client.js";
import { workingCalendar } from "../modules/issues/issues.table.js";
import {
  addCalendarDays,
  addWorkingDays,
  addWorkingDaysWith,
  deadlineAfter,
  isWorkingDayWith,
  workingDaysBetween,
  workingDaysBetweenWith,
} from "./working-days.js";

const none = new Map<string, boolean>();

describe("working days without a calendar", () => {
  it("skips the weekend: 7 working days from Friday 2026-11-20 is Tuesday 2026-12-01", () => {
    expect(addWorkingDaysWith(none, "2026-11-20", 7)).toBe("2026-12-01");
  });
  it("counts from a Sunday to the next Monday as 1", () => {
    expect(addWorkingDaysWith(none, "2026-11-22", 1)).toBe("2026-11-23");
    expect(workingDaysBetweenWith(none, "2026-11-22", "2026-11-23")).toBe(1);
  });
  it("counts the working days between two dates, negative backwards", () => {
    expect(workingDaysBetweenWith(none, "2026-11-20", "2026-12-01")).toBe(7);
    expect(workingDaysBetweenWith(none, "2026-12-01", "2026-11-20")).toBe(-7);
    expect(workingDaysBetweenWith(none, "2026-11-20", "2026-11-20")).toBe(0);
  });
  it("knows weekends", () => {
    expect(isWorkingDayWith(none, "2026-11-21")).toBe(false);
    expect(isWorkingDayWith(none, "2026-11-23")).toBe(true);
  });
});

describe("working days with holidays and 调休 from the calendar", () => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase();
    // 2026 国庆: 10-01..10-07 off; Saturday 10-10 worked in exchange.
    const holidays = ["01", "02", "05", "06", "07"].map((d) => ({
      day: `2026-10-${d}`,
      isWorkingDay: false,
      note: "国庆节",
    }));
    await database.db
      .insert(workingCalendar)
      .values([...holidays, { day: "2026-10-10", isWorkingDay: true, note: "调休" }]);
  });
  afterAll(() => database.close());

  it("skips a week-long holiday and counts the 调休 Saturday", async () => {
    // From Wednesday 09-30: 10-08 (Thu) 1, 10-09 (Fri) 2, 10-10 (Sat 调休) 3, 10-12 (Mon) 4.
    expect(await addWorkingDays(database.db, "2026-09-30", 4)).toBe("2026-10-12");
    expect(await workingDaysBetween(database.db, "2026-09-30", "2026-10-12")).toBe(4);
  });
  it("gives a category deadline in working days or in calendar days", async () => {
    expect(await deadlineAfter(database.db, "2026-09-30", 7, true)).toBe("2026-10-15");
    // 7 calendar days from 09-30 is 10-07, a holiday: the deadline moves to the next working day, 10-08.
    expect(await deadlineAfter(database.db, "2026-09-30", 7, false)).toBe("2026-10-08");
    // 8 calendar days from 09-30 is 10-08, a working day: it stays.
    expect(await deadlineAfter(database.db, "2026-09-30", 8, false)).toBe("2026-10-08");
    // 3 calendar days from Wednesday 11-18 is Saturday 11-21: moved to Monday 11-23.
    expect(await deadlineAfter(database.db, "2026-11-18", 3, false)).toBe("2026-11-23");
  });
  it("widens its window for a long count", async () => {
    // Every weekday of 2030-01-01..2030-03-29 off (a made-up closure). 5 working days from Monday 2029-12-31
    // first loads 5 × 2 + 30 = 40 days of calendar (to 2030-02-09), where no working day is left; the answer
    // lies only in a window widened twice (160 days): Monday 04-01 is 1, … Friday 04-05 is 5.
    const closed: { day: string; isWorkingDay: boolean; note: string }[] = [];
    for (let day = "2030-01-01"; day <= "2030-03-29"; day = addCalendarDays(day, 1)) {
      closed.push({ day, isWorkingDay: false, note: "测试停工" });
    }
    await database.db.insert(workingCalendar).values(closed);
    expect(await addWorkingDays(database.db, "2029-12-31", 5)).toBe("2030-04-05");
    // Backwards too: before Monday 2030-04-01, Monday 2029-12-31 is 1 and Friday 2029-12-28 is 2.
    expect(await addWorkingDays(database.db, "2030-04-01", -2)).toBe("2029-12-28");
  });
});
