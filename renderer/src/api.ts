/** The renderer's typed client for the IPC contract in shared/ipc.ts. */
import type { Channel, InputOf, OutputOf, WindowApi } from '../../shared/ipc';

declare global {
  interface Window {
    api: WindowApi;
  }
}

export class ApiError extends Error {
  readonly code: string;
  readonly fields: { field: string; message: string }[];
  constructor(code: string, message: string, fields: { field: string; message: string }[] = []) {
    super(message);
    this.code = code;
    this.fields = fields;
  }
}

export async function call<C extends Channel>(
  channel: C,
  ...args: InputOf<C> extends void ? [] : [InputOf<C>]
): Promise<OutputOf<C>> {
  const result = await window.api.invoke(channel, args[0]);
  if (!result.ok) throw new ApiError(result.error.code, result.error.message, result.error.fields);
  return result.value as OutputOf<C>;
}
