import 'element-plus/theme-chalk/base.css';
import 'element-plus/es/components/message/style/css';
import 'element-plus/es/components/message-box/style/css';
import { ElMessage } from 'element-plus';
import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
import { configureClient } from './api/client';
import { i18n } from './locales';
import { router } from './router';
import { useAuthStore } from './stores/useAuthStore';

const app = createApp(App);
const pinia = createPinia();
app.use(pinia).use(i18n).use(router);

const auth = useAuthStore(pinia);
configureClient({
  token: () => auth.token,
  onUnauthorized: () => {
    if (!auth.isAuthenticated) return;
    auth.logout();
    ElMessage.warning('登录已过期，请重新登录');
    void router.push({ name: 'login', query: { redirect: router.currentRoute.value.fullPath } });
  },
  onError: (problem) => {
    const text = problem.detail ?? problem.title;
    ElMessage.error(problem.requestId ? `${text}（请求 ${problem.requestId.slice(0, 8)}）` : text);
  },
});

app.mount('#app');
