/**
 * The one typed contract between the renderer and the main side.
 * Every IPC channel name is written here and nowhere else; main, the preload and the
 * browser host register and expose channels by iterating this object.
 * The desktop-shell work fills it; for now it carries the app's identity only.
 */
export const contract = {
  methods: {
    'app:info': { description: 'Name and version of the running app' },
  },
  events: {},
} as const;

export type MethodName = keyof typeof contract.methods;

export interface MethodTypes {
  'app:info': { args: []; result: { name: string; version: string } };
}
