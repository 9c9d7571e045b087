import { Grid } from "antd";

/** True below the md breakpoint (768 px): phones get cards and drawers instead of tables and sidebars. */
export function useIsMobile(): boolean {
  const screens = Grid.useBreakpoint();
  return screens.md === false;
}
