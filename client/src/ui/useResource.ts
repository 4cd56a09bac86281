import { useEffect, useState } from "preact/hooks";
import { asApiError, type ApiError } from "../api.js";

/** Data loaded from the API, with its error and a way to load it again. */
export interface Resource<T> {
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
  reload(): void;
}

/**
 * Loads data when the component mounts and whenever `deps` change; a load
 * still running when they change (or on unmount) is aborted so that a late
 * answer never overwrites a newer one. Reloading keeps the old data shown.
 */
export function useResource<T>(load: (signal: AbortSignal) => Promise<T>, deps: readonly unknown[]): Resource<T> {
  const [state, setState] = useState<{ data?: T; error?: ApiError; loading: boolean }>({ loading: true });
  const [version, setVersion] = useState(0);
  useEffect(() => {
    const controller = new AbortController();
    setState((s) => ({ ...s, loading: true }));
    load(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setState({ data, loading: false });
      },
      (err) => {
        if (!controller.signal.aborted) setState({ error: asApiError(err), loading: false });
      },
    );
    return () => controller.abort();
  }, [...deps, version]);
  return { data: state.data, error: state.error, loading: state.loading, reload: () => setVersion((v) => v + 1) };
}
