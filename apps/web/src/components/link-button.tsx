import { Button, type ButtonProps } from "antd";
import { useHref, useLinkClickHandler } from "react-router-dom";

type LinkButtonProps = Omit<ButtonProps, "href" | "onClick" | "htmlType"> & { to: string };

/**
 * A link that looks like a button: one <a> with the button's style that navigates inside the app
 * (a <button> inside a <Link> is invalid HTML and confuses screen readers and keyboards).
 */
export function LinkButton({ to, ...props }: LinkButtonProps) {
  const href = useHref(to);
  const handleClick = useLinkClickHandler<HTMLElement>(to);
  return <Button {...props} href={href} onClick={handleClick} />;
}
