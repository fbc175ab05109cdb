import { computed, ref, shallowRef } from 'vue';
import { defineStore } from 'pinia';
import type { AppInfo, HelpdeskView, MethodArgs, ProbeView } from '../../../electron/contract';
import { useBridge } from '../bridge';

/** Only the id is kept: the list itself always comes from the main side. */
export const SELECTED_KEY = 'staffdesk:selected-helpdesk';

export type AddInput = MethodArgs<'helpdesks:add'>[0];
export type SignInInput = Omit<MethodArgs<'helpdesks:signIn'>[0], 'id'>;
export type NoticeKind = 'keychain' | 'store';

function readSelected(): string | null {
  try {
    return localStorage.getItem(SELECTED_KEY);
  } catch {
    return null;
  }
}

function writeSelected(id: string | null): void {
  try {
    if (id) localStorage.setItem(SELECTED_KEY, id);
    else localStorage.removeItem(SELECTED_KEY);
  } catch {
    // Storage can be unavailable (private profile, quota); the choice then lasts for this run only.
  }
}

export const useHelpdesksStore = defineStore('helpdesks', () => {
  const bridge = useBridge();
  const api = bridge.api;

  const helpdesks = ref<HelpdeskView[]>([]);
  const loaded = ref(false);
  const loadError = shallowRef<unknown>(null);
  const selectedId = ref<string | null>(readSelected());
  const appInfo = ref<AppInfo | null>(null);
  const dismissed = ref<NoticeKind[]>([]);
  /** The add screen was asked for while other helpdesks exist. */
  const addRequested = ref(false);
  let unsubscribe: (() => void) | null = null;

  const selected = computed(() => helpdesks.value.find((h) => h.id === selectedId.value) ?? null);
  const showAdd = computed(() => loaded.value && (helpdesks.value.length === 0 || addRequested.value));
  const notices = computed(() => {
    const out: { kind: NoticeKind; text: string }[] = [];
    const info = appInfo.value;
    if (info?.keychainProblem && !dismissed.value.includes('keychain')) out.push({ kind: 'keychain', text: info.keychainProblem });
    if (info?.storeNotice && !dismissed.value.includes('store')) out.push({ kind: 'store', text: info.storeNotice });
    return out;
  });

  function select(id: string | null): void {
    selectedId.value = id;
    writeSelected(id);
    if (id) addRequested.value = false;
  }

  /** Keeps the selection pointing at something that exists, preferring what the person chose. */
  function settleSelection(): void {
    if (helpdesks.value.some((h) => h.id === selectedId.value)) return;
    select(helpdesks.value[0]?.id ?? null);
  }

  function setList(list: HelpdeskView[]): void {
    helpdesks.value = list;
    loaded.value = true;
    settleSelection();
  }

  function upsert(view: HelpdeskView): void {
    const i = helpdesks.value.findIndex((h) => h.id === view.id);
    if (i === -1) helpdesks.value = [...helpdesks.value, view];
    else helpdesks.value = helpdesks.value.map((h) => (h.id === view.id ? view : h));
  }

  async function start(): Promise<void> {
    // Subscribing first means a change racing the first list is not missed.
    unsubscribe ??= api.on('helpdesks:changed', setList);
    await Promise.all([loadInfo(), loadList()]);
  }

  function stop(): void {
    unsubscribe?.();
    unsubscribe = null;
  }

  async function loadInfo(): Promise<void> {
    try {
      appInfo.value = await api['app:info']();
    } catch {
      // The notices are a courtesy; the list's error (or the host banner) already says what failed.
    }
  }

  async function loadList(): Promise<void> {
    loadError.value = null;
    try {
      setList(await api['helpdesks:list']());
    } catch (error) {
      loadError.value = error;
    }
  }

  function selectIndex(index: number): boolean {
    const target = helpdesks.value[index];
    if (!target) return false;
    select(target.id);
    return true;
  }

  function openAdd(): void {
    addRequested.value = true;
  }

  function closeAdd(): void {
    addRequested.value = false;
  }

  function dismissNotice(kind: NoticeKind): void {
    if (!dismissed.value.includes(kind)) dismissed.value = [...dismissed.value, kind];
  }

  function probe(url: string): Promise<ProbeView> {
    return api['helpdesks:probe']({ url });
  }

  async function add(input: AddInput): Promise<HelpdeskView> {
    const view = await api['helpdesks:add'](input);
    upsert(view);
    select(view.id);
    return view;
  }

  async function signIn(id: string, input: SignInInput): Promise<HelpdeskView> {
    const view = await api['helpdesks:signIn']({ id, ...input });
    upsert(view);
    return view;
  }

  async function signOut(id: string): Promise<HelpdeskView> {
    const view = await api['helpdesks:signOut']({ id });
    upsert(view);
    return view;
  }

  async function rename(id: string, label: string): Promise<HelpdeskView> {
    const view = await api['helpdesks:rename']({ id, label });
    upsert(view);
    return view;
  }

  async function reconnect(id: string): Promise<HelpdeskView> {
    const view = await api['helpdesks:reconnect']({ id });
    upsert(view);
    return view;
  }

  async function remove(id: string): Promise<void> {
    const index = helpdesks.value.findIndex((h) => h.id === id);
    await api['helpdesks:remove']({ id });
    helpdesks.value = helpdesks.value.filter((h) => h.id !== id);
    if (selectedId.value === id) {
      // The neighbour that slid into its place is where the eye already is.
      const next = helpdesks.value[Math.min(Math.max(index, 0), helpdesks.value.length - 1)];
      select(next?.id ?? null);
    }
  }

  return {
    helpdesks,
    loaded,
    loadError,
    selectedId,
    selected,
    appInfo,
    notices,
    showAdd,
    start,
    stop,
    loadList,
    select,
    selectIndex,
    openAdd,
    closeAdd,
    dismissNotice,
    probe,
    add,
    signIn,
    signOut,
    rename,
    reconnect,
    remove,
  };
});
