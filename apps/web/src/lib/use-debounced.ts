import { useEffect, useState } from "react";

/** The value, once it has stopped changing for `delay` ms: keeps search-as-you-type from flooding the API. */
export function useDebounced<T>(value: T, delay = 300): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), delay);
    return () => clearTimeout(timer);
  }, [value, delay]);
  return debounced;
}
