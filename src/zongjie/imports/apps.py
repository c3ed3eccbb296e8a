from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "zongjie.imports"
    label = "imports"
    verbose_name = "历史总结导入"
