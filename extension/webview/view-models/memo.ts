/**
 * Memoises a pure function on the identity of its arguments (the last call only). The page
 * re-renders on every scroll frame; sorting 2,000 Actors must not happen on each of them.
 */
export function memoizeLast<Args extends unknown[], Result>(fn: (...args: Args) => Result): (...args: Args) => Result {
    let lastArgs: Args | null = null;
    let lastResult: Result;
    return (...args: Args): Result => {
        if (lastArgs && lastArgs.length === args.length && lastArgs.every((arg, i) => Object.is(arg, args[i])))
            return lastResult;
        lastResult = fn(...args);
        lastArgs = args;
        return lastResult;
    };
}
