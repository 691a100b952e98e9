/** The part of jsfive 0.4.2 (a pure-JS HDF5 reader, pinned) that processing/model/hdf5-file.ts uses. */
declare module 'jsfive' {
  export class Group {
    readonly keys: string[];
    readonly attrs: Record<string, unknown>;
    get(path: string): Group | Dataset | null;
  }
  export class File extends Group {
    constructor(buffer: ArrayBuffer, filename?: string);
  }
  export class Dataset {
    readonly shape: number[];
    readonly dtype: string | unknown[];
    readonly attrs: Record<string, unknown>;
    readonly value: ArrayLike<number> | unknown[];
    /** Internal: the object header jsfive parses (used for a copy-free read of contiguous data). */
    readonly _dataobjects: {
      find_msg_type(type: number): { get(key: string): number }[];
      _get_data_message_properties(offset: number): [number, number, number, number];
    };
  }
}
