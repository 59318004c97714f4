import { act, renderHook } from '@testing-library/react';
import { usePolling } from './usePolling';

/** Makes the page hidden or visible as a browser does when its tab is switched. */
function setVisibility(state: DocumentVisibilityState) {
  Object.defineProperty(document, 'visibilityState', {
    configurable: true,
    get: () => state,
  });
  document.dispatchEvent(new Event('visibilitychange'));
}

describe('usePolling', () => {
  beforeEach(() => {
    jest.useFakeTimers();
  });

  afterEach(() => {
    setVisibility('visible');
    jest.useRealTimers();
  });

  it('never stops asking while the page is visible, even when nothing changes', async () => {
    let calls = 0;
    const { result } = renderHook(() =>
      usePolling(async () => ++calls, [], 1000),
    );
    await act(() => jest.advanceTimersByTimeAsync(0));
    expect(result.current.value).toBe(1);

    await act(() => jest.advanceTimersByTimeAsync(10_000));
    expect(calls).toBe(11);
    expect(result.current.value).toBe(11);
  });

  it('asks nothing while the page is hidden and asks at once when it shows again', async () => {
    let calls = 0;
    const { result } = renderHook(() =>
      usePolling(async () => ++calls, [], 1000),
    );
    await act(() => jest.advanceTimersByTimeAsync(0));
    expect(calls).toBe(1);

    act(() => setVisibility('hidden'));
    await act(() => jest.advanceTimersByTimeAsync(60_000));
    expect(calls).toBe(1);

    await act(async () => setVisibility('visible'));
    await act(() => jest.advanceTimersByTimeAsync(0));
    expect(calls).toBe(2);
    expect(result.current.value).toBe(2);

    await act(() => jest.advanceTimersByTimeAsync(1000));
    expect(calls).toBe(3);
  });

  it('waits as long as the interval function says for the last value', async () => {
    const answers = ['moving', 'at rest'];
    let calls = 0;
    renderHook(() =>
      usePolling(
        async () => answers[Math.min(calls++, answers.length - 1)],
        [],
        value => (value === 'at rest' ? 5000 : 1000),
      ),
    );
    await act(() => jest.advanceTimersByTimeAsync(0));
    await act(() => jest.advanceTimersByTimeAsync(1000));
    expect(calls).toBe(2);
    await act(() => jest.advanceTimersByTimeAsync(4999));
    expect(calls).toBe(2);
    await act(() => jest.advanceTimersByTimeAsync(1));
    expect(calls).toBe(3);
  });

  it('keeps the last value and shows the error when a refresh fails, then recovers', async () => {
    let fail = false;
    let calls = 0;
    const { result } = renderHook(() =>
      usePolling(
        async () => {
          calls++;
          if (fail) throw new Error('gateway timeout');
          return calls;
        },
        [],
        1000,
      ),
    );
    await act(() => jest.advanceTimersByTimeAsync(0));
    fail = true;
    await act(() => jest.advanceTimersByTimeAsync(1000));
    expect(result.current.value).toBe(1);
    expect(result.current.error?.message).toBe('gateway timeout');
    fail = false;
    await act(() => jest.advanceTimersByTimeAsync(1000));
    expect(result.current.value).toBe(3);
    expect(result.current.error).toBeUndefined();
  });

  it('stops asking once the view is gone', async () => {
    let calls = 0;
    const { unmount } = renderHook(() =>
      usePolling(async () => ++calls, [], 1000),
    );
    await act(() => jest.advanceTimersByTimeAsync(0));
    unmount();
    await act(() => jest.advanceTimersByTimeAsync(10_000));
    expect(calls).toBe(1);
  });
});
