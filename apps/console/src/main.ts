import 'element-plus/theme-chalk/base.css';
import 'element-plus/es/components/message/style/css';
import 'element-plus/es/components/message-box/style/css';
import { ElMessage } from 'element-plus';
import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
import { configureClient } from './api/client';
import { ApiError } from './api/problem';
import { i18n } from './locales';
import { router } from './router';
import { useAuthStore } from './stores/useAuthStore';
import { apiErrorText } from './utils/api-errors';

const app = createApp(App);
const pinia = createPinia();
app.use(pinia).use(i18n).use(router);

const auth = useAuthStore(pinia);
configureClient({
  token: () => auth.token,
  onUnauthorized: () => {
    if (!auth.isAuthenticated) return;
    auth.logout();
    ElMessage.warning(i18n.global.t('apiError.session_expired'));
    void router.push({ name: 'login', query: { redirect: router.currentRoute.value.fullPath } });
  },
  onError: (problem) => {
    const text = apiErrorText(new ApiError(problem));
    ElMessage.error(
      problem.requestId
        ? `${text} (${i18n.global.t('apiError.request')} ${problem.requestId.slice(0, 8)})`
        : text,
    );
  },
});

app.mount('#app');
