import { useCallback, useEffect, useState } from 'react';

type Find = () => HTMLElement | null | undefined;

/**
 * Moves focus once React has committed the render that shows the target (an
 * error field, the element that replaced a form, a form enabled again). A
 * frame callback could run before that render and find nothing, or a disabled
 * field; an effect runs after it. Returns `focusAfterRender(find)`.
 */
export function useFocusAfterRender(): (find: Find) => void {
  const [request, setRequest] = useState<{ find: Find } | null>(null);
  useEffect(() => {
    request?.find()?.focus();
  }, [request]);
  return useCallback((find: Find) => setRequest({ find }), []);
}
