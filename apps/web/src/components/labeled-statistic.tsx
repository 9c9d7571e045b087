import { Statistic, type StatisticProps } from "antd";

/** A figure with its name: a labelled group, so the name reads with the value (and tests find it by name). */
export function LabeledStatistic({
  title,
  ...props
}: Omit<StatisticProps, "title" | "aria-label"> & { title: string }) {
  return <Statistic role="group" aria-label={title} title={title} {...props} />;
}
