// Shared by the core tasks' hidden tests: the values an agent's function returns for each
// argument list, computed in a child process by callIsolated. A call that throws (or a module
// that does not load) fails the calling test with the function, its arguments and the error.
import { callIsolated } from './call-isolated.mjs';

export function returnedValues(module, fn, argsList) {
  return callIsolated(module, fn, argsList).map((result, i) => {
    if (!result.ok) throw new Error(`${fn}(${JSON.stringify(argsList[i]).slice(1, -1)}) threw: ${result.error}`);
    return result.value;
  });
}
