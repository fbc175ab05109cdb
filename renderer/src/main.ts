import { createApp } from 'vue';
import { createPinia } from 'pinia';
import App from './App.vue';
import { BRIDGE_KEY, connectBridge } from './bridge';
import { createAppI18n } from './i18n';
import './styles/theme.css';

const i18n = createAppI18n();
document.documentElement.lang = i18n.global.locale.value;

createApp(App).provide(BRIDGE_KEY, connectBridge()).use(createPinia()).use(i18n).mount('#app');
