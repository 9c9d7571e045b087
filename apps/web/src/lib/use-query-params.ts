import { useCallback } from "react";
import { useSearchParams } from "react-router-dom";

/** A page's state in the address: a value per key, where undefined or "" removes the key. */
export type QueryPatch = Record<string, string | number | undefined>;

/**
 * The address's query and a setter that changes only the keys it is given (an empty value removes one),
 * replacing the history entry so filters do not fill the back button.
 */
export function useQueryParams() {
  const [params, setParams] = useSearchParams();
  const patchParams = useCallback(
    (patch: QueryPatch) =>
      setParams(
        (current) => {
          const next = new URLSearchParams(current);
          for (const [key, value] of Object.entries(patch)) {
            if (value === undefined || value === "") next.delete(key);
            else next.set(key, String(value));
          }
          return next;
        },
        { replace: true },
      ),
    [setParams],
  );
  return [params, patchParams] as const;
}
