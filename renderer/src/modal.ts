import { computed, ref } from 'vue';

const open = ref(0);

/** Global shortcuts must stand still while a modal dialog has the person's attention. */
export const modalOpen = computed(() => open.value > 0);

export function trackModal(): () => void {
  open.value++;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    open.value--;
  };
}
