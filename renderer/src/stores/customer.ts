import { ref, shallowRef } from 'vue';
import { defineStore } from 'pinia';
import type { CustomerView } from '../../../electron/contract';
import { useBridge } from '../bridge';

/** The customer profile panel: who wrote the ticket and what else they have asked. */
export const useCustomerStore = defineStore('customer', () => {
  const api = useBridge().api;
  const target = ref<{ helpdeskId: string; userId: number } | null>(null);
  const view = shallowRef<CustomerView | null>(null);
  const loading = ref(false);
  const error = shallowRef<unknown>(null);
  let seq = 0;

  async function open(helpdeskId: string, userId: number): Promise<void> {
    const mine = ++seq;
    target.value = { helpdeskId, userId };
    if (view.value && (view.value.helpdeskId !== helpdeskId || view.value.userId !== userId)) view.value = null;
    loading.value = true;
    error.value = null;
    try {
      const v = await api['customer:get']({ helpdeskId, userId });
      if (mine === seq) view.value = v;
    } catch (e) {
      if (mine === seq) error.value = e;
    } finally {
      if (mine === seq) loading.value = false;
    }
  }

  function close(): void {
    seq++;
    target.value = null;
    view.value = null;
    loading.value = false;
    error.value = null;
  }

  function retry(): Promise<void> {
    return target.value ? open(target.value.helpdeskId, target.value.userId) : Promise.resolve();
  }

  return { target, view, loading, error, open, close, retry };
});
