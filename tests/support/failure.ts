import { KaleyraError } from "../../provider/errors";

/** Awaits a rejection and returns it, failing the test if the promise resolves or rejects with anything but a KaleyraError. */
export async function failure(promise: Promise<unknown>): Promise<KaleyraError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(KaleyraError);
    return error as KaleyraError;
  }
  throw new Error("expected the call to fail");
}
