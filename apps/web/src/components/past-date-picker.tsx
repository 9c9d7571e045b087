import { DatePicker, type DatePickerProps } from "antd";
import dayjs from "dayjs";

/** A full-width date picker for something that has already happened: days after today cannot be picked. */
export function PastDatePicker(props: Omit<DatePickerProps, "disabledDate">) {
  return <DatePicker style={{ width: "100%" }} {...props} disabledDate={(d) => d.isAfter(dayjs(), "day")} />;
}
